// Wizard step 4, "What": the cockpit's own state always, each service's data unless unticked, extra
// folders, and patterns of what to leave out.
import type { SettingsView } from '../../api/backup-types.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Draft } from './wizard-draft.js';
import { CheckField, TextField, type Bind } from '../../components/FormFields.js';

export function SourcesStep({
  draft,
  settings,
  bind,
  onChange,
}: {
  draft: Draft;
  settings: SettingsView;
  bind: Bind;
  onChange(patch: Partial<Draft>): void;
}) {
  const { t, pick } = useI18n();
  const excluded = new Set(draft.excludedServices);
  const toggleService = (id: string, included: boolean) => {
    const next = new Set(excluded);
    if (included) next.delete(id);
    else next.add(id);
    onChange({ excludedServices: [...next].sort() });
  };

  return (
    <div className="wizard-step-body">
      <section className="wizard-section" aria-labelledby={`${bind('sources').id}-cockpit`}>
        <h4 id={`${bind('sources').id}-cockpit`}>{t('backupUi.what.cockpit')}</h4>
        <p className="muted">{t('backupUi.what.cockpitText')}</p>
        <ul className="path-list">
          {settings.sources.cockpit.map((path) => (
            <li key={path}>
              <code>{path}</code>
            </li>
          ))}
        </ul>
      </section>

      <section className="wizard-section" aria-labelledby={`${bind('sources').id}-services`}>
        <h4 id={`${bind('sources').id}-services`}>{t('backupUi.what.services')}</h4>
        {settings.sources.services.length === 0 ? (
          <p className="muted">{t('backupUi.what.noServices')}</p>
        ) : (
          <>
            <p className="muted">{t('backupUi.what.servicesText')}</p>
            {settings.sources.services.map((service) => (
              <CheckField
                key={service.id}
                binding={bind(`excludedServices.${service.id}`)}
                label={pick(service.name)}
                help={
                  <span className="path-inline">
                    {service.paths.map((path) => (
                      <code key={path}>{path}</code>
                    ))}
                  </span>
                }
                checked={!excluded.has(service.id)}
                onChange={(included) => toggleService(service.id, included)}
              />
            ))}
          </>
        )}
      </section>

      <PathList
        title={t('backupUi.what.folders')}
        text={t('backupUi.what.foldersText')}
        field="folders"
        items={draft.folders}
        bind={bind}
        itemLabel={(number) => t('backupUi.what.folder', { number })}
        addLabel={t('backupUi.what.addFolder')}
        removeLabel={(number) => t('backupUi.what.removeFolder', { number })}
        placeholder="/home/anna/Documents"
        onChange={(folders) => onChange({ folders })}
      />
      <PathList
        title={t('backupUi.what.excludes')}
        text={t('backupUi.what.excludesText')}
        field="excludes"
        items={draft.excludes}
        bind={bind}
        itemLabel={(number) => t('backupUi.what.exclude', { number })}
        addLabel={t('backupUi.what.addExclude')}
        removeLabel={(number) => t('backupUi.what.removeExclude', { number })}
        placeholder="**/*.tmp"
        onChange={(excludes) => onChange({ excludes })}
      />
    </div>
  );
}

function PathList({
  title,
  text,
  field,
  items,
  bind,
  itemLabel,
  addLabel,
  removeLabel,
  placeholder,
  onChange,
}: {
  title: string;
  text: string;
  field: string;
  items: string[];
  bind: Bind;
  itemLabel(number: number): string;
  addLabel: string;
  removeLabel(number: number): string;
  placeholder: string;
  onChange(items: string[]): void;
}) {
  const headingId = `${bind(field).id}-title`;
  const add = () => {
    onChange([...items, '']);
    // Focus the new, empty line once it is there.
    window.setTimeout(() => document.getElementById(bind(`${field}.${items.length}`).id)?.focus(), 0);
  };
  return (
    <section className="wizard-section" aria-labelledby={headingId}>
      <h4 id={headingId}>{title}</h4>
      <p className="muted">{text}</p>
      {items.map((item, index) => (
        <div key={index} className="path-item">
          <TextField
            binding={bind(`${field}.${index}`)}
            label={<span className="visually-hidden">{itemLabel(index + 1)}</span>}
            className="input-mono"
            placeholder={placeholder}
            value={item}
            onChange={(value) => onChange(items.map((old, i) => (i === index ? value : old)))}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={removeLabel(index + 1)}
            title={removeLabel(index + 1)}
            onClick={() => onChange(items.filter((_, i) => i !== index))}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
          </button>
        </div>
      ))}
      <button type="button" className="button button-secondary button-small" onClick={add}>
        {addLabel}
      </button>
    </section>
  );
}
