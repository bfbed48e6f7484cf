/** All of the widget's CSS; it lives in a shadow root, so the host page cannot restyle it and it cannot leak out. */
export const CSS = `
:host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.5 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1c2024}
*{box-sizing:border-box;font:inherit}
button{cursor:pointer;border:0;background:none;color:inherit}
.launcher{width:56px;height:56px;border-radius:50%;background:var(--kefu-color);color:#fff;box-shadow:0 6px 20px rgba(0,0,0,.2);display:grid;place-items:center;position:relative}
.launcher svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}
[hidden]{display:none!important}
.panel{position:absolute;right:0;bottom:0;width:370px;height:min(600px,calc(100vh - 40px));background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.22);display:flex;flex-direction:column;overflow:hidden}
header{background:var(--kefu-color);color:#fff;padding:14px 16px;display:flex;align-items:center;gap:8px}
header .t{flex:1}header b{display:block;font-size:16px}header small{opacity:.85}
header button{color:#fff;font-size:22px;line-height:1;width:32px;height:32px;border-radius:6px}
header button:hover{background:rgba(255,255,255,.15)}
.status{background:#fef3c7;color:#92400e;font-size:12px;padding:4px 12px;text-align:center}
.log{flex:1;overflow-y:auto;padding:14px 12px;background:#f6f7f9;display:flex;flex-direction:column;gap:8px}
.msg{max-width:80%;display:flex;flex-direction:column;align-items:flex-start}
.msg.me{align-self:flex-end;align-items:flex-end}
.who{font-size:11px;color:#6b7280;margin:0 4px 2px}
.bubble{padding:8px 12px;border-radius:14px;background:#fff;border:1px solid #e5e7eb;white-space:pre-wrap;word-break:break-word}
.me .bubble{background:var(--kefu-color);border-color:transparent;color:#fff}
.meta{font-size:11px;color:#6b7280;margin:2px 4px 0}
.meta.failed{color:#dc2626}
.file{display:block;margin-top:6px;text-decoration:underline;color:inherit;text-align:left}
.bubble img{display:block;max-width:100%;max-height:200px;border-radius:8px;margin-top:6px}
.typing{font-size:12px;color:#6b7280;padding:0 14px 6px;background:#f6f7f9}
form.compose{display:flex;gap:6px;align-items:flex-end;padding:10px;border-top:1px solid #e5e7eb;background:#fff}
textarea{flex:1;resize:none;border:1px solid #d1d5db;border-radius:10px;padding:8px 10px;max-height:120px;min-height:38px;outline:none}
textarea:focus,input:focus{border-color:var(--kefu-color)}
.send{background:var(--kefu-color);color:#fff;border-radius:10px;padding:8px 14px;height:38px}
.clip{width:38px;height:38px;border-radius:10px;color:#6b7280;display:grid;place-items:center}
.clip svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.clip:hover{background:#f3f4f6}
form.prechat{padding:16px;display:flex;flex-direction:column;gap:10px;border-top:1px solid #e5e7eb}
form.prechat input{border:1px solid #d1d5db;border-radius:8px;padding:8px 10px;outline:none}
form.prechat .row{display:flex;gap:8px;justify-content:flex-end}
form.prechat .skip{color:#6b7280;padding:8px}
.chat-pane{flex:1;display:flex;flex-direction:column;min-height:0}
nav.tabs{display:flex;border-bottom:1px solid #e5e7eb;background:#fff}
nav.tabs button{flex:1;padding:8px 4px;font-size:13px;color:#6b7280;border-bottom:2px solid transparent}
nav.tabs button[aria-selected=true]{color:var(--kefu-color);border-bottom-color:var(--kefu-color)}
.tickets{flex:1;overflow-y:auto;padding:12px;background:#f6f7f9;display:flex;flex-direction:column;gap:8px}
.tickets label{display:flex;flex-direction:column;gap:4px;font-size:13px;color:#374151}
.tickets select,.tickets input,.tickets textarea{border:1px solid #d1d5db;border-radius:8px;padding:7px 9px;background:#fff;outline:none;flex:none}
.tickets .send{align-self:flex-end}
.tickets .send:disabled{opacity:.6}
.notice{margin:0;font-size:13px;color:#065f46}.notice:empty{display:none}.notice.failed{color:#dc2626}
.ticket,.ticket-head{display:flex;flex-direction:column;align-items:flex-start;gap:2px;text-align:left;background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:10px 12px}
.num{font-size:12px;color:#6b7280}
.st{font-size:12px;border-radius:10px;padding:1px 8px;background:#e0e7ff;color:#3730a3}
.st-pending_customer{background:#fef3c7;color:#92400e}.st-resolved,.st-closed{background:#dcfce7;color:#166534}
.tickets small{font-size:11px;color:#6b7280}
.back{align-self:flex-start;color:var(--kefu-color);padding:2px 0}
.history{display:flex;flex-direction:column;gap:8px}
.progress{font-size:12px;color:#4b5563;display:flex;justify-content:space-between;gap:8px}
form.ticket-reply{display:flex;gap:6px;align-items:flex-end}
form.ticket-reply textarea{flex:1}
@media (max-width:480px){
:host{right:12px;bottom:12px}
.panel{position:fixed;inset:0;width:100%;height:100%;border-radius:0}
}
.survey{margin-top:8px;display:flex;flex-direction:column;gap:6px}
.survey .stars{display:flex;gap:2px}.survey .stars button{font-size:24px;line-height:1;color:#c9ced6;padding:0 2px}
.survey .stars button[aria-checked=true]{color:#f5a623}.survey-choices{display:flex;gap:6px}
.survey-choices button{border:1px solid #d0d5dd;border-radius:12px;padding:2px 10px;background:#fff}
.survey-choices button[aria-checked=true]{background:var(--kefu-color);border-color:var(--kefu-color);color:#fff}
.survey textarea{width:100%;border:1px solid #d0d5dd;border-radius:8px;padding:6px;resize:vertical}
.survey .send{align-self:flex-start}.survey-note{color:#b91c1c;font-size:12px}.survey-q{font-size:13px}.survey-done{margin-top:6px;font-weight:600}
`;
