/**
 * The pane: one tree rendered from the state on every change. Preact keeps
 * the DOM nodes that stay (a textarea being typed in keeps its caret and
 * text); views read the state and call actions, nothing else.
 */
import type { Actions } from '../actions.ts';
import type { State } from '../state.ts';
import { CheckFirst, Clerk } from './Clerk.tsx';
import { Dialog } from './Dialog.tsx';
import { Preview } from './Preview.tsx';
import { SignIn, Year } from './SignIn.tsx';
import { Statistician } from './Statistician.tsx';

export interface ViewProps {
  s: State;
  a: Actions;
}

export function App({ s, a }: ViewProps) {
  const me = s.me;
  return (
    <>
      <header>
        <h1>群团统计报表</h1>
        <p role="status" aria-live="polite" class={`status ${s.status.tone}`}>
          {s.status.text}
        </p>
        {s.busy ? <div class="busy" role="progressbar" aria-label={s.busy} /> : null}
      </header>
      <main aria-busy={s.busy ? 'true' : 'false'} inert={s.question ? true : undefined}>
        {me ? <Year s={s} a={a} /> : <SignIn s={s} a={a} />}
        {!me ? <CheckFirst s={s} a={a} /> : null}
        {me?.unit ? <Clerk s={s} a={a} /> : null}
        {me && me.role !== 'clerk' ? <Statistician s={s} a={a} /> : null}
        <Preview s={s} a={a} />
      </main>
      {s.question ? <Dialog q={s.question} a={a} /> : null}
    </>
  );
}
