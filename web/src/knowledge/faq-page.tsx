import { useCallback, useState } from 'react';
import type { Locale } from '../api.ts';
import { PageHeader } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { FaqFilter } from './faq-api.ts';
import { FaqCategoryTree } from './faq-category-tree.tsx';
import { FaqDetail } from './faq-detail.tsx';
import { FaqList } from './faq-list.tsx';
import './faq.css';

/**
 * The knowledge base admin (/knowledge): categories on the left, the items
 * of the chosen category with search and filters in the middle, the chosen
 * item — editor, version history, translations — on the right. The open item
 * is in the address (`?item=faq_…`) so it can be linked to.
 */
export function KnowledgePage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { query } = useLocation();
  const canManage = can('knowledge.manage');
  const [filter, setFilter] = useState<FaqFilter>({});
  const [creating, setCreating] = useState<Locale | null>(null);
  const [revision, setRevision] = useState(0);
  const selected = query.get('item');

  const open = useCallback((id: string | null) => {
    setCreating(null);
    navigate(id ? `/knowledge?item=${encodeURIComponent(id)}` : '/knowledge');
  }, []);
  const changed = useCallback(
    (id: string | null) => {
      setRevision((r) => r + 1);
      open(id);
    },
    [open],
  );

  return (
    <>
      <PageHeader
        title={t('kb.title')}
        description={t('kb.description')}
        actions={
          canManage && (
            <button type="button" className="btn btn-primary" onClick={() => (setCreating(filter.locale ?? 'zh-CN'), navigate('/knowledge'))}>
              {t('kb.new')}
            </button>
          )
        }
      />
      <nav className="page-tabs" aria-label={t('kb.title')}>
        <Link to="/knowledge" className="on" aria-current="page">
          {t('kb.tab.faqs')}
        </Link>
      </nav>
      <div className="kb-layout">
        <FaqCategoryTree
          locale={filter.locale}
          selected={filter.category ?? []}
          onSelect={(category) => setFilter((f) => ({ ...f, category }))}
          canManage={canManage}
          revision={revision}
          onMoved={() => setRevision((r) => r + 1)}
        />
        <FaqList filter={filter} onFilter={setFilter} selected={selected} onOpen={open} revision={revision} />
        <FaqDetail key={creating ?? selected ?? 'none'} id={selected} creating={creating} canManage={canManage} onChanged={changed} />
      </div>
    </>
  );
}
