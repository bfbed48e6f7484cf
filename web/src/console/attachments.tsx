import { useEffect, useState } from 'react';
import { download, saveDownload } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import type { Attachment } from './model.ts';

const PREVIEW_MAX_BYTES = 3 * 1024 * 1024;
const path = (a: Attachment) => `/api/v1/attachments/${encodeURIComponent(a.id)}`;

/** Human file size: 12 KB, 1.4 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Save the file: attachments need the session token, so it is fetched first and handed over as a blob. */
const save = (attachment: Attachment) => saveDownload(path(attachment), attachment.filename);

/** An image shown inline, read into a data: URL (the console's CSP allows images from 'self' and data: only). */
function Thumbnail({ attachment }: { attachment: Attachment }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    download(path(attachment)).then(
      (blob) => {
        const reader = new FileReader();
        reader.onload = () => live && typeof reader.result === 'string' && setSrc(reader.result);
        reader.readAsDataURL(blob);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [attachment]);
  return src ? <img className="thumb" src={src} alt={attachment.filename} /> : <span className="thumb thumb-empty" aria-hidden="true" />;
}

/** A message's files: images inline (small ones), every file as a download button. */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const { t } = useI18n();
  const [error, setError] = useState(false);
  if (attachments.length === 0) return null;
  return (
    <div className="attachments">
      {attachments.map((a) => (
        <button key={a.id} type="button" className="file-chip" title={t('composer.download')} onClick={() => save(a).catch(() => setError(true))}>
          {a.contentType.startsWith('image/') && a.size <= PREVIEW_MAX_BYTES && <Thumbnail attachment={a} />}
          <span className="file-name">{a.filename}</span>
          <span className="muted small">{fileSize(a.size)}</span>
        </button>
      ))}
      {error && <span className="small danger-text">{t('composer.downloadFailed')}</span>}
    </div>
  );
}
