import { Form, useNavigation } from "@remix-run/react";
import { useState, type ChangeEvent } from "react";
import type { ChannelCode } from "@db/schema";
import { MAX_SERIES } from "~/domain/activity-schemas";
import { CHANNEL_CODES, CHANNELS } from "~/domain/channels";
import { buildTree, type TreeNode } from "~/domain/tree";
import type { FieldErrors } from "~/domain/validation";
import { useT } from "~/i18n/use-t";
import { DateField, ErrorSummary, InputField, SelectField, TimeField } from "./forms";

export interface ActivityFormOptions {
  campaigns: { id: number; title: string; points: { id: number; parent_id: number | null; code: string; title: string }[] }[];
  forms: { id: number; channel: ChannelCode; name: string; quantity_unit: string; campaign_id: number | null }[];
  units: { id: number; name: string; depth: number }[];
}

type Values = Record<string, string | string[]>;

interface Props {
  options: ActivityFormOptions;
  values: Values;
  errors?: FieldErrors;
  intent: "create" | "update";
  version?: number;
  /** Set when the server found double bookings: saving again confirms them. */
  confirmWarnings?: boolean;
  allowRepeat?: boolean;
  submitLabel: string;
}

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] ?? "" : v ?? "");
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

type PointRow = ActivityFormOptions["campaigns"][number]["points"][number];

/** Plans or edits an activity. A plain POST form: JavaScript only narrows choices as you type. */
export function ActivityForm({ options, values, errors, intent, version, confirmWarnings, allowRepeat = false, submitLabel }: Props) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const [campaignId, setCampaignId] = useState(single(values.campaignId) || String(options.campaigns[0]?.id ?? ""));
  const [channel, setChannel] = useState<string>(single(values.channel) || "spoken");
  const [allDay, setAllDay] = useState(single(values.allDay) === "on");
  const [repeat, setRepeat] = useState(single(values.repeat) || "none");
  const [checked, setChecked] = useState(() => new Set(many(values.pointIds)));
  const campaign = options.campaigns.find((c) => String(c.id) === campaignId);
  const forms = options.forms.filter((f) => f.channel === channel && (f.campaign_id === null || String(f.campaign_id) === campaignId));

  const togglePoint = (point: TreeNode<PointRow>, on: boolean) => {
    const next = new Set(checked);
    const visit = (node: TreeNode<PointRow>) => {
      if (on) next.add(String(node.item.id));
      else next.delete(String(node.item.id));
      node.children.forEach(visit);
    };
    visit(point); // checking a parent takes its children
    setChecked(next);
  };

  return (
    <Form method="post" noValidate className="panel activity-form">
      <ErrorSummary errors={errors} />
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {confirmWarnings ? <input type="hidden" name="acknowledgeWarnings" value="1" /> : null}
      <div className="form-grid">
        <SelectField
          name="campaignId"
          label={t("activities.campaign")}
          value={campaignId}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => setCampaignId(e.target.value)}
          options={options.campaigns.map((c) => ({ value: c.id, label: c.title }))}
          error={errors?.campaignId}
        />
        <SelectField
          name="unitId"
          label={t("activities.unit")}
          defaultValue={single(values.unitId)}
          options={options.units.map((u) => ({ value: u.id, label: `${"— ".repeat(u.depth)}${u.name}` }))}
          error={errors?.unitId}
        />
      </div>
      <InputField name="title" label={t("activities.title")} required defaultValue={single(values.title)} error={errors?.title} />
      <div className="form-grid">
        <SelectField
          name="channel"
          label={t("activities.channel")}
          value={channel}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => setChannel(e.target.value)}
          options={CHANNEL_CODES.map((c) => ({ value: c, label: `${CHANNELS[c].icon} ${t(`channel.${c}`)}` }))}
          error={errors?.channel}
        />
        <SelectField
          name="formId"
          label={t("activities.form")}
          defaultValue={single(values.formId)}
          options={[{ value: "", label: t("activities.formAny") }, ...forms.map((f) => ({ value: f.id, label: f.name }))]}
          error={errors?.formId}
        />
      </div>
      <fieldset className="when">
        <legend>{t("activities.when")}</legend>
        <label className="checkbox">
          <input type="checkbox" name="allDay" checked={allDay} onChange={(e) => setAllDay(e.target.checked)} /> {t("activities.allDay")}
        </label>
        <div className="form-grid">
          <DateField name="startDate" label={t("activities.startDate")} required defaultValue={single(values.startDate)} error={errors?.startDate} />
          {!allDay ? <TimeField name="startTime" label={t("activities.startTime")} defaultValue={single(values.startTime)} error={errors?.startTime} /> : null}
          <DateField name="endDate" label={t("activities.endDate")} hint={t("activities.endDateHint")} defaultValue={single(values.endDate)} error={errors?.endDate} />
          {!allDay ? <TimeField name="endTime" label={t("activities.endTime")} defaultValue={single(values.endTime)} error={errors?.endTime} /> : null}
        </div>
        {allowRepeat ? (
          <div className="form-grid">
            <SelectField
              name="repeat"
              label={t("activities.repeat")}
              value={repeat}
              onChange={(e: ChangeEvent<HTMLSelectElement>) => setRepeat(e.target.value)}
              options={[
                { value: "none", label: t("activities.repeat.none") },
                { value: "weekly", label: t("activities.repeat.weekly") },
                { value: "monthly", label: t("activities.repeat.monthly") },
              ]}
            />
            {repeat !== "none" ? (
              <InputField
                name="repeatCount"
                type="number"
                min={2}
                max={MAX_SERIES}
                label={t("activities.repeatCount")}
                hint={t("activities.repeatHint", { max: MAX_SERIES })}
                defaultValue={single(values.repeatCount)}
                error={errors?.repeatCount}
              />
            ) : null}
          </div>
        ) : null}
      </fieldset>
      <div className="form-grid">
        <InputField name="location" label={t("activities.location")} optional defaultValue={single(values.location)} error={errors?.location} />
        <InputField name="presenter" label={t("activities.presenter")} optional defaultValue={single(values.presenter)} error={errors?.presenter} />
        <InputField name="audience" label={t("activities.audience")} optional defaultValue={single(values.audience)} error={errors?.audience} />
        {channel === "spoken" ? (
          <InputField name="plannedAttendance" inputMode="numeric" label={t("activities.plannedAttendance")} optional defaultValue={single(values.plannedAttendance)} error={errors?.plannedAttendance} />
        ) : (
          <InputField name="plannedQuantity" inputMode="numeric" label={t("activities.plannedQuantity")} optional defaultValue={single(values.plannedQuantity)} error={errors?.plannedQuantity} />
        )}
      </div>
      <fieldset className="points-picker">
        <legend>{t("activities.points")}</legend>
        <p className="hint">{t("activities.pointsHint")}</p>
        {errors?.pointIds ? <p className="field-error">{t(errors.pointIds.key)}</p> : null}
        {campaign && campaign.points.length ? (
          <PointChecklist nodes={buildTree(campaign.points)} checked={checked} onToggle={togglePoint} />
        ) : (
          <p className="empty">{t("campaigns.noPoints")}</p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {confirmWarnings ? t("activities.saveAnyway") : submitLabel}
        </button>
      </div>
    </Form>
  );
}

function PointChecklist({ nodes, checked, onToggle }: { nodes: TreeNode<PointRow>[]; checked: Set<string>; onToggle: (n: TreeNode<PointRow>, on: boolean) => void }) {
  return (
    <ul className="point-checklist">
      {nodes.map((node) => (
        <li key={node.item.id}>
          <label className="checkbox">
            <input type="checkbox" name="pointIds" value={node.item.id} checked={checked.has(String(node.item.id))} onChange={(e) => onToggle(node, e.target.checked)} />
            <span>
              <strong>{node.item.code}.</strong> {node.item.title}
            </span>
          </label>
          {node.children.length ? <PointChecklist nodes={node.children} checked={checked} onToggle={onToggle} /> : null}
        </li>
      ))}
    </ul>
  );
}
