import type { Problem } from '../../../engine/format/problems.js';

/** The problems that belong to no single field, listed at the top of an inspector. */
export function ProblemList({ problems, testId }: { problems: readonly Problem[]; testId?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="inspector-problems" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={i} className={p.severity}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}
