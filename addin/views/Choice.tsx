/** A labelled filter: a select whose first choice, 全部 (or `all`), means no filter (null). */
export function Choice<T extends string>(p: {
  id: string;
  label: string;
  value: T | null;
  options: readonly { key: T; label: string }[];
  onChange: (value: T | null) => void;
  disabled?: boolean;
  all?: string;
}) {
  return (
    <>
      <label for={p.id}>{p.label}</label>
      <select id={p.id} value={p.value ?? ''} disabled={p.disabled} onChange={(e) => p.onChange((e.currentTarget.value || null) as T | null)}>
        <option value="">{p.all ?? '全部'}</option>
        {p.options.map((o) => (
          <option value={o.key}>{o.label}</option>
        ))}
      </select>
    </>
  );
}
