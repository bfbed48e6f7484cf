import { useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useDirectory } from './directory.tsx';
import { Menu } from './menu.tsx';
import { presences } from './model.ts';

/**
 * Online / away / offline, at the top of the sidebar. Online makes the
 * agent eligible for new conversations at once. Hidden on a server without
 * the routing API.
 */
export function PresenceSwitch() {
  const { t } = useI18n();
  const { routing, mine, setPresence } = useDirectory();
  const [failed, setFailed] = useState(false);
  if (routing !== 'on' || !mine) return null;
  const choose = (presence: (typeof presences)[number]) => {
    setFailed(false);
    setPresence(presence).catch(() => setFailed(true));
  };
  return (
    <div className="presence">
      <Menu
        className="presence-button"
        label={
          <>
            <span className={`presence-dot presence-${mine.presence}`} aria-hidden="true" />
            <span>{t(`presence.${mine.presence}` as const)}</span>
            <span className="muted small">{t('presence.load', { active: mine.activeCount, capacity: mine.capacity })}</span>
          </>
        }
        items={presences.map((p) => ({
          key: p,
          label: (
            <>
              <span className={`presence-dot presence-${p}`} aria-hidden="true" /> {t(`presence.${p}` as const)}
            </>
          ),
          onSelect: () => choose(p),
        }))}
      />
      {failed && <div className="small danger-text">{t('presence.failed')}</div>}
    </div>
  );
}
