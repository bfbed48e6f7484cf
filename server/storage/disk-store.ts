import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore } from './blob-store.ts';

/**
 * Files under `<dataDir>/attachments/`, written to a `.part` file first and
 * renamed, so a crash never leaves half a file under the real name.
 */
export function createDiskStore(dataDir: string): BlobStore {
  const root = path.join(dataDir, 'attachments');
  return {
    async put(key, data) {
      const target = path.join(root, key);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(`${target}.part`, data, { mode: 0o600 });
      await rename(`${target}.part`, target);
      return key;
    },
    get: (key) => readFile(path.join(root, key)),
    delete: (key) => rm(path.join(root, key), { force: true }),
  };
}
