import type { ReactNode } from 'react';

/**
 * The ARIA of a text-box autocomplete (a combobox driving a listbox): what
 * the composer's text box spreads on itself while a picker is open, so a
 * screen reader announces the options and the active one as the arrows move.
 */
export function comboboxProps(listId: string, open: boolean, active: number, count: number) {
  return {
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': open,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open && count > 0 ? `${listId}-${active}` : undefined,
  } as const;
}

/** The listbox under the composer; options are chosen with the mouse here or with the keyboard in the text box. */
export function PickerList({
  id,
  label,
  active,
  options,
  empty,
  hint,
  onHover,
  onChoose,
}: {
  id: string;
  label: string;
  active: number;
  options: { key: string; content: ReactNode }[];
  empty: string;
  hint: string;
  onHover: (index: number) => void;
  onChoose: (index: number) => void;
}) {
  return (
    <div className="canned">
      <div id={id} role="listbox" aria-label={label}>
        {options.map((option, i) => (
          <div
            key={option.key}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'canned-item on' : 'canned-item'}
            onMouseEnter={() => onHover(i)}
            onMouseDown={(e) => {
              e.preventDefault(); // keep the focus in the text box
              onChoose(i);
            }}
          >
            {option.content}
          </div>
        ))}
      </div>
      {options.length === 0 && <div className="canned-empty muted small">{empty}</div>}
      <div className="canned-hint muted small">{hint}</div>
    </div>
  );
}
