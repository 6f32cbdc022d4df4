/**
 * A question asked inside the page. Office shows panes in iframes where
 * window.confirm is blocked or always false, so the pane asks here: a modal
 * dialog with 确定 and 取消, focus kept inside it, Esc for 取消, and focus
 * given back to where it was.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Actions } from '../actions.ts';
import type { Question } from '../state.ts';

export function Dialog({ q, a }: { q: Question; a: Actions }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    // The safe answer has the focus, so a stray Enter changes nothing.
    box.current?.querySelector<HTMLButtonElement>('button[data-cancel]')?.focus();
    return () => before?.focus?.();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      a.reply(false);
    } else if (e.key === 'Tab') {
      const buttons = [...(box.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
      const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
      const next = buttons[(i + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length];
      e.preventDefault();
      next?.focus();
    }
  };
  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" aria-describedby="dialog-text" ref={box} onKeyDown={onKeyDown}>
        <h2 id="dialog-title">{q.title}</h2>
        <p id="dialog-text">{q.text}</p>
        <div class="buttons">
          <button type="button" class="primary" onClick={() => a.reply(true)}>
            {q.confirm}
          </button>
          <button type="button" data-cancel onClick={() => a.reply(false)}>
            {q.cancel}
          </button>
        </div>
      </div>
    </div>
  );
}
