import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

const SIZE = 192;

/**
 * The otpauth URI as a QR code an authenticator app scans. Drawn in the
 * browser (the secret makes no extra trip) as an SVG `data:` image, which the
 * console's CSP allows (`img-src 'self' data:`) and which cannot run script.
 */
export function OtpauthQr({ uri }: { uri: string }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSrc(null);
    QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: SIZE }).then(
      (svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => live && setSrc(null), // the key below still works by hand
    );
    return () => {
      live = false;
    };
  }, [uri]);
  if (!src) return null;
  return <img className="tfa-qr" data-testid="tfa-qr" src={src} width={SIZE} height={SIZE} alt={t('tfa.qrAlt')} />;
}
