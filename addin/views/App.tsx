/**
 * The pane: one tree rendered from the state on every change. Preact keeps
 * the DOM nodes that stay (a textarea being typed in keeps its caret and
 * text); views read the state and call actions, nothing else.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Actions } from '../actions.ts';
import type { State } from '../state.ts';
import { CheckFirst, Clerk, Receipt } from './Clerk.tsx';
import { Dialog } from './Dialog.tsx';
import { Preview } from './Preview.tsx';
import { SignIn, Year } from './SignIn.tsx';
import { Statistician } from './Statistician.tsx';

export interface ViewProps {
  s: State;
  a: Actions;
}

/**
 * After each action, focus goes to its result (the element `s.focus` names), or back to the
 * control that started it — which was disabled while the action ran, and so had lost the focus
 * to the top of the page — or, failing both, to the status line that says what happened.
 */
function useFocusAfterActions(s: State) {
  const last = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const seen = (e: FocusEvent) => {
      if (e.target instanceof HTMLElement) last.current = e.target;
    };
    document.addEventListener('focusin', seen);
    return () => document.removeEventListener('focusin', seen);
  }, []);
  useEffect(() => {
    if (!s.done || s.question) return;
    const target = s.focus ? document.getElementById(s.focus) : null;
    if (target) {
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'nearest' });
      return;
    }
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const back = last.current;
    if (back?.isConnected && !(back as HTMLButtonElement).disabled) back.focus();
    else document.getElementById('status')?.focus();
  }, [s.done]);
}

export function App({ s, a }: ViewProps) {
  const me = s.me;
  useFocusAfterActions(s);
  return (
    <>
      <header>
        <h1>群团统计报表</h1>
        <p id="status" tabIndex={-1} role="status" aria-live="polite" class={`status ${s.status.tone}`}>
          {s.status.text}
        </p>
        {s.busy ? <div class="busy" role="progressbar" aria-label={s.busy} /> : null}
      </header>
      <main aria-busy={s.busy ? 'true' : 'false'} inert={s.question ? true : undefined}>
        {me ? <Year s={s} a={a} /> : <SignIn s={s} a={a} />}
        {!me ? <CheckFirst s={s} a={a} /> : null}
        {me?.unit ? <Clerk s={s} a={a} /> : null}
        {me?.unit ? <Receipt s={s} /> : null}
        {me && me.role !== 'clerk' ? <Statistician s={s} a={a} /> : null}
        <Preview s={s} a={a} />
      </main>
      {s.question ? <Dialog q={s.question} a={a} /> : null}
    </>
  );
}
