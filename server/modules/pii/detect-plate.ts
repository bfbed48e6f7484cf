import { scan, type Detector } from './detect-text.ts';

/**
 * Mainland licence plates: 京A12345, 京A·12345, 粤B·D12345 and 粤BD12345
 * (new-energy, 8 characters), 粤B1234学 / 警 / 领 / 挂 / 港 / 澳, and
 * embassy plates (使014578).
 */

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const L = '[A-HJ-NP-Z]';
const PLATE = new RegExp(
  `(?<![A-Za-z0-9])(?:${[
    `[${PROVINCES}]${L}[·•・.\\s-]?(?:[DF][A-HJ-NP-Z0-9]\\d{4}|\\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9学警领挂港澳试超])`,
    '使\\d{6}',
    '\\d{6}使',
  ].join('|')})(?![A-Za-z0-9])`,
  'gu',
);

/** A standard 5-character tail has at most two letters (I and O never appear). */
function plausible(plate: string): boolean {
  const tail = plate.replace(/^[^A-Z]*[A-Z][·•・.\s-]?/u, '');
  const letters = tail.replace(/[^A-Z]/g, '').length;
  return tail.length === 6 || letters <= 2;
}

export const detectPlate: Detector = (text, norm) => scan(text, norm, PLATE, (m) => plausible(m[0]));
