/** @jest-environment jsdom */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { DataTable } from './data-table';
import { FunnelChart } from './funnel-chart';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function mount(el: React.ReactElement) {
  const div = document.createElement('div');
  document.body.appendChild(div);
  const root = createRoot(div);
  act(() => root.render(el));
  return { div, unmount: () => act(() => root.unmount()) };
}

describe('DataTable', () => {
  const rows = [
    { id: 'a', name: 'Acme', v: 5 },
    { id: 'b', name: 'Bolt', v: null as number | null },
    { id: 'c', name: 'Core', v: 20 },
  ];
  const columns = [
    { key: 'name', header: 'Name', value: (r: (typeof rows)[0]) => r.name },
    { key: 'v', header: 'Value', value: (r: (typeof rows)[0]) => r.v, align: 'right' as const },
  ];
  const names = (div: HTMLElement) => [...div.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent);

  it('sorts on header clicks (descending first, blanks last) and exports every row as CSV', async () => {
    const { div, unmount } = mount(<DataTable name="test" rows={rows} rowKey={(r) => r.id} columns={columns} />);
    expect(names(div)).toEqual(['Acme', 'Bolt', 'Core']);
    const valueHeader = [...div.querySelectorAll('th button')][1] as HTMLButtonElement;
    act(() => valueHeader.click());
    expect(names(div)).toEqual(['Core', 'Acme', 'Bolt']);
    act(() => valueHeader.click());
    expect(names(div)).toEqual(['Acme', 'Core', 'Bolt']);

    let blob: Blob | undefined;
    URL.createObjectURL = (b: Blob) => ((blob = b), 'blob:x');
    URL.revokeObjectURL = () => undefined;
    const clicked = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    act(() => (div.querySelector('[data-action=export-csv]') as HTMLButtonElement).click());
    expect(clicked).toHaveBeenCalled();
    const text = await new Promise<string>((resolve) => {
      const fr = new FileReader();
      fr.onload = () => resolve(String(fr.result));
      fr.readAsText(blob!);
    });
    expect(text).toBe('Name,Value\r\nAcme,5\r\nCore,20\r\nBolt,\r\n');
    unmount();
  });

  it('shows the empty state and disables export when there are no rows', () => {
    const { div, unmount } = mount(<DataTable name="none" rows={[]} rowKey={(r: (typeof rows)[0]) => r.id} columns={columns} empty="Nothing to see" />);
    expect(div.textContent).toContain('Nothing to see');
    expect((div.querySelector('[data-action=export-csv]') as HTMLButtonElement).disabled).toBe(true);
    unmount();
  });

  it('pages long tables with "show more"', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ id: String(i), name: `n${i}`, v: i }));
    const { div, unmount } = mount(<DataTable name="many" rows={many} rowKey={(r) => r.id} columns={columns} pageSize={3} />);
    expect(div.querySelectorAll('tbody tr')).toHaveLength(3);
    act(() => (div.querySelector('.more') as HTMLButtonElement).click());
    expect(div.querySelectorAll('tbody tr')).toHaveLength(6);
    unmount();
  });
});

describe('FunnelChart', () => {
  it('draws bars relative to the first step and flags the worst drop-off', () => {
    const step = (n: number, count: number, dropOffRate: number | null) => ({ step: n, label: `Step ${n}`, event: `e${n}`, count, conversionFromPrevious: n === 1 ? 1 : 0.5, conversionFromFirst: null, dropOff: 0, dropOffRate, meanSecondsToConvert: null, medianSecondsToConvert: 7200 });
    const { div, unmount } = mount(<FunnelChart steps={[step(1, 200, 0.5), step(2, 100, 0.9), step(3, 10, null)]} />);
    const widths = [...div.querySelectorAll('.funnel-bar')].map((b) => (b as HTMLElement).style.width);
    expect(widths).toEqual(['100%', '50%', '5%']);
    expect(div.querySelectorAll('li.worst')).toHaveLength(1);
    expect(div.querySelector('li.worst')!.textContent).toContain('Step 2');
    expect(div.textContent).toContain('median 2 h to convert');
    unmount();
  });
});
