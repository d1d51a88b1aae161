/**
 * Everything that needs recharts, in one module that the views load lazily: the
 * KPI tiles paint before the chart library has even been parsed.
 */
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMoney, formatNumber } from '../lib/format';

const H = 240;

export function MoneyLines({ data, lines, currency }: { data: Record<string, unknown>[]; lines: { key: string; label: string; color: string }[]; currency: string }) {
  return (
    <ResponsiveContainer width="100%" height={H}>
      <LineChart data={data} margin={{ left: 8, right: 8, top: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis fontSize={11} tickFormatter={(v: number) => formatMoney(v, currency, true)} width={70} />
        <Tooltip formatter={(v) => formatMoney(Number(v), currency)} />
        <Legend />
        {lines.map((l) => (
          <Line key={l.key} type="monotone" dataKey={l.key} name={l.label} stroke={l.color} dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export function RateLine({ data, dataKey, label }: { data: Record<string, unknown>[]; dataKey: string; label: string }) {
  return (
    <ResponsiveContainer width="100%" height={H}>
      <LineChart data={data} margin={{ left: 8, right: 8, top: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" fontSize={11} />
        <YAxis fontSize={11} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} width={44} />
        <Tooltip formatter={(v) => `${formatNumber(Number(v) * 100, 1)}%`} />
        <Line type="monotone" dataKey={dataKey} name={label} stroke="#2563eb" dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function BandsArea({ data }: { data: Record<string, unknown>[] }) {
  return (
    <ResponsiveContainer width="100%" height={H}>
      <AreaChart data={data} margin={{ left: 8, right: 8, top: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="bucket" fontSize={11} />
        <YAxis fontSize={11} />
        <Tooltip />
        <Legend />
        <Area type="monotone" dataKey="green" stackId="1" stroke="#15803d" fill="#86efac" isAnimationActive={false} />
        <Area type="monotone" dataKey="yellow" stackId="1" stroke="#a16207" fill="#fde047" isAnimationActive={false} />
        <Area type="monotone" dataKey="red" stackId="1" stroke="#b91c1c" fill="#fca5a5" isAnimationActive={false} />
      </AreaChart>
    </ResponsiveContainer>
  );
}

export function CountBars({ data, dataKey, nameKey, color = '#2563eb', onClick }: { data: Record<string, unknown>[]; dataKey: string; nameKey: string; color?: string; onClick?: (name: string) => void }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, data.length * 28)}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" fontSize={11} allowDecimals={false} />
        <YAxis type="category" dataKey={nameKey} fontSize={11} width={130} />
        <Tooltip />
        <Bar dataKey={dataKey} fill={color} isAnimationActive={false} onClick={onClick ? (d: { payload?: Record<string, unknown> }) => onClick(String(d.payload?.[nameKey] ?? '')) : undefined} cursor={onClick ? 'pointer' : undefined} />
      </BarChart>
    </ResponsiveContainer>
  );
}
