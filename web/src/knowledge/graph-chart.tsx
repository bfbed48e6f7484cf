import { GraphChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { entityTypes, type Neighbourhood } from './graph-api.ts';

// Only the graph chart and the two components it uses: the rest of ECharts stays out of the bundle.
echarts.use([GraphChart, TooltipComponent, LegendComponent, CanvasRenderer]);

const COLORS: Record<(typeof entityTypes)[number], string> = {
  product: '#2563eb',
  model: '#0891b2',
  function: '#7c3aed',
  fault: '#dc2626',
  solution: '#16a34a',
  policy: '#d97706',
};

/** An entity's neighbourhood as a force-laid graph; clicking a node opens that entity. */
export function GraphView({ data, onPick }: { data: Neighbourhood; onPick: (id: string) => void }) {
  const { t, locale } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const chart = echarts.init(box.current!);
    chart.on('click', (params) => {
      const id = (params.data as { id?: string } | undefined)?.id;
      if (params.dataType === 'node' && id) pick.current(id);
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(box.current!);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    const chart = echarts.getInstanceByDom(box.current!);
    const categories = entityTypes.map((type) => ({ name: t(`graph.type.${type}`), itemStyle: { color: COLORS[type] } }));
    chart?.setOption(
      {
        tooltip: { formatter: (p: { data: { tip?: string } }) => p.data.tip ?? '' },
        legend: { data: categories.map((c) => c.name), bottom: 0 },
        series: [
          {
            type: 'graph',
            layout: 'force',
            roam: true,
            draggable: true,
            force: { repulsion: 260, edgeLength: 110 },
            label: { show: true, position: 'right' },
            edgeSymbol: ['none', 'arrow'],
            edgeLabel: { show: true, fontSize: 10, formatter: (p: { data: { label?: string } }) => p.data.label ?? '' },
            categories,
            data: data.entities.map((e) => ({
              id: e.id,
              name: e.name[locale] || e.name.en,
              category: entityTypes.indexOf(e.type),
              symbolSize: e.id === data.centerId ? 34 : 22,
              tip: `${t(`graph.type.${e.type}`)} · ${e.name[locale] || e.name.en}`,
            })),
            links: data.relations.map((r) => ({ source: r.fromId, target: r.toId, label: t(`graph.rel.${r.type}`) })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [data, locale, t]);

  return <div ref={box} className="graph-chart" role="img" aria-label={t('graph.viewLabel')} />;
}
