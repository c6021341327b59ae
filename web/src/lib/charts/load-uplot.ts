// uPlot and its stylesheet are fetched the first time a chart scrolls into view, so the chart code stays
// out of the first-load JS (the build puts it in a chunk of its own).
import type uPlot from 'uplot';

let loading: Promise<typeof uPlot> | undefined;

export function loadUplot(): Promise<typeof uPlot> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return loading;
}
