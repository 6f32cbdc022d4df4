/** Signing in, and once in: who, which year, its deadline and whether it is open. */
import { closedText, whoText } from '../actions.ts';
import { daysBetween, todayInChina } from '../../shared/time.ts';
import { periodOf, writableTemplates, yearOpen, type State } from '../state.ts';
import type { ViewProps } from './App.tsx';

export function SignIn({ s, a }: ViewProps) {
  let input: HTMLInputElement | null = null;
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault();
        void a.signIn(input?.value ?? '');
      }}
    >
      <h2>登录</h2>
      <p class="hint">请输入单位管理员发给您的访问令牌。</p>
      <label for="token">访问令牌</label>
      <input id="token" type="password" autocomplete="off" aria-label="访问令牌" ref={(el) => {
          input = el;
        }}
      />
      <button type="submit" disabled={!!s.busy}>
        登录
      </button>
    </form>
  );
}

/** The clerk's unit is overdue once the deadline has passed with something missing or returned. */
function overdue(s: State): boolean {
  const p = periodOf(s);
  if (!p?.deadline || p.status !== 'open' || todayInChina() <= p.deadline) return false;
  if (s.me?.unit) return (s.ctx?.statuses ?? []).some((t) => t.status === 'missing' || t.status === 'returned');
  return false;
}

function deadlineText(s: State): string | null {
  const p = periodOf(s);
  if (!p?.deadline) return null;
  if (p.status !== 'open') return `报送截止：${p.deadline}`;
  const left = daysBetween(todayInChina(), p.deadline);
  if (overdue(s)) return `报送截止：${p.deadline}，已逾期 ${-left} 天，请尽快补报`;
  if (left < 0) return `报送截止：${p.deadline}（已过）`;
  return `报送截止：${p.deadline}（${left === 0 ? '今天截止' : `还有 ${left} 天`}）`;
}

export function Year({ s, a }: ViewProps) {
  const dis = !!s.busy;
  const deadline = deadlineText(s);
  return (
    <section class="card" aria-label="登录信息">
      <div class="row">
        <span class="who">{whoText(s.me!)}</span>
        <button type="button" class="link" disabled={dis} onClick={() => a.signOut()}>
          退出
        </button>
      </div>
      <div class="row">
        <label for="year">报告年度</label>
        <select id="year" aria-label="报告年度" disabled={dis} value={String(s.year)} onChange={(e) => void a.changeYear(Number(e.currentTarget.value))}>
          {s.periods.map((p) => (
            <option value={String(p.year)}>
              {p.year}年{p.status === 'open' ? '' : '（已关闭）'}
            </option>
          ))}
        </select>
      </div>
      {deadline ? (
        <p class={overdue(s) ? 'deadline overdue' : 'deadline'} aria-label="报送截止">
          {deadline}
        </p>
      ) : null}
      {!yearOpen(s) && !writableTemplates(s) ? (
        <p class="closed" role="note" aria-label="年度状态">
          {closedText(s.year, periodOf(s), s.me?.role ?? null)}
        </p>
      ) : null}
    </section>
  );
}
