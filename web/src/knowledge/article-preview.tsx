import { useEffect, useRef, useState } from 'react';
import { api, download } from '../api.ts';
import { ErrorNote } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { Preview } from './article-model.ts';

/** The public address of an article image, and the signed-in one editors read drafts' images from. */
const IMAGE = /^\/api\/v1\/knowledge\/images\/wsp_[0-9a-z]+\/(att_[0-9a-z]+)$/;

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/**
 * Shows images of drafts too: the console's CSP allows images from data:
 * URLs, so each article image is fetched with the session and inlined.
 */
async function inlineImages(root: HTMLElement, cache: Map<string, string>): Promise<void> {
  for (const img of root.querySelectorAll('img')) {
    const match = IMAGE.exec(img.getAttribute('src') ?? '');
    if (!match) continue;
    const id = match[1]!;
    let src = cache.get(id);
    if (!src) {
      src = await dataUrl(await download(`/api/v1/knowledge/images/${id}`)).catch(() => '');
      if (src) cache.set(id, src);
    }
    if (src) img.src = src;
  }
}

/** The Markdown as the help center will show it (rendered by the server), and the passages the bot will answer from. */
export function ArticlePreview({ body }: { body: string }) {
  const { t } = useI18n();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const box = useRef<HTMLDivElement>(null);
  const images = useRef(new Map<string, string>());

  useEffect(() => {
    let live = true;
    // Typing is not re-rendered on every key: wait until the writer pauses.
    const timer = window.setTimeout(() => {
      api<Preview>('POST', '/api/v1/knowledge/articles/preview', { body }).then(
        (result) => live && (setPreview(result), setError(null)),
        (err: unknown) => live && setError(err),
      );
    }, 300);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [body]);

  useEffect(() => {
    if (box.current && preview) void inlineImages(box.current, images.current);
  }, [preview]);

  return (
    <div className="article-preview">
      <ErrorNote error={error} />
      {/* The server renders with raw HTML off and only safe links: see renderArticleHtml. */}
      <div className="article-body" ref={box} dangerouslySetInnerHTML={{ __html: preview?.html ?? '' }} />
      {preview && (
        <details className="article-passages">
          <summary>{t('articles.passages', { count: preview.passages.length })}</summary>
          <ol>
            {preview.passages.map((p, i) => (
              <li key={i}>
                <div className="cell-sub">
                  {p.headings.join(' › ') || t('articles.intro')} {p.anchor && <span className="mono">#{p.anchor}</span>}
                </div>
                <div className="article-passage-text">{p.text}</div>
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
