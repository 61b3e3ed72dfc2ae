// Permanent while training is on (field-lessons §10): nobody may mistake a training sale
// for a real one, on screen or in a screenshot.
import { useT } from '../hooks/use-t';
import { isTraining, useAppStore } from '../stores/app-store';

export function TrainingBanner() {
  const { t } = useT();
  const training = useAppStore(isTraining);
  if (!training) return null;
  return (
    <div className="banner banner-training" role="note">
      <span aria-hidden="true">▲ </span>
      {t('banner.training')}
    </div>
  );
}
