// What a record failed but was kept with (above all "Approved late"): shown wherever the sale
// is, until a manager acknowledges it in Needs attention.
import { useT } from '../hooks/use-t';

export function ProblemLine({ problem }: { problem: string }) {
  const { t } = useT();
  return (
    <p className="problem-line">
      <span aria-hidden="true">⚠ </span>
      {t('detail.problem', { problem: problem.replace(/[.\s]+$/, '') })}
    </p>
  );
}
