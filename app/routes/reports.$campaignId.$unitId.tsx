import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/PageHeader";
import { ReportStateBadge } from "~/components/ReportBadges";
import { ReportFiguresTable } from "~/components/ReportFiguresTable";
import { ReportHistory } from "~/components/ReportHistory";
import { ReportNarrativeForm, ReportNarrativeView, ReportTypedText } from "~/components/ReportNarrative";
import { ReportReviewForm } from "~/components/ReportReviewForm";
import { formatDateOnly, formatDateTime } from "~/domain/dates";
import { acceptSchema, draftSchema, returnSchema, submitSchema } from "~/domain/report-schemas";
import { parseForm, submittedValues, type FieldErrors } from "~/domain/validation";
import { translator, type MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireActor } from "~/services/auth.server";
import { db } from "~/services/db.server";
import { requireIdParam } from "~/services/route-helpers.server";
import { acceptReport, reportPage, returnReport, saveReportDraft, submitReport, type ReportOutcome } from "~/services/unit-reports.server";
import styles from "~/styles/reports.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data: page }) => {
  const t = translator("vi");
  return [{ title: `${page ? t("reports.pageTitle", { unit: page.unit.name }) : t("reports.title")} · ${t("app.name")}` }];
};

/** After a refused transition (409: the report changed meanwhile) reload, so the latest state shows. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return reportPage(db(), actor, requireIdParam(params.campaignId), requireIdParam(params.unitId));
}

type Intent = "save" | "submit" | "return" | "accept";
type Result =
  | { kind: "form"; intent: Intent; errors: FieldErrors; values: Record<string, string | string[]> }
  | { kind: "conflict" | "state" | "notExpected"; intent: Intent; values: Record<string, string | string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, "editor");
  const campaignId = requireIdParam(params.campaignId);
  const unitId = requireIdParam(params.unitId);
  const form = await request.formData();
  const intent = form.get("intent");
  let outcome: ReportOutcome;
  const refused = (errors: FieldErrors, values: Record<string, string | string[]>) =>
    // The version is a hidden field: when only it is wrong, the page was stale or tampered with.
    errors.version && Object.keys(errors).length === 1
      ? data({ kind: "conflict", intent: intent as Intent, values } satisfies Result, { status: 409 })
      : data({ kind: "form", intent: intent as Intent, errors, values } satisfies Result, { status: 400 });
  switch (intent) {
    case "save": {
      const parsed = parseForm(draftSchema, form);
      if (!parsed.ok) return refused(parsed.errors, parsed.values);
      outcome = await saveReportDraft(db(), actor, campaignId, unitId, parsed.data);
      break;
    }
    case "submit": {
      const parsed = parseForm(submitSchema, form);
      if (!parsed.ok) return refused(parsed.errors, parsed.values);
      outcome = await submitReport(db(), actor, campaignId, unitId, parsed.data);
      break;
    }
    case "return": {
      const parsed = parseForm(returnSchema, form);
      if (!parsed.ok) return refused(parsed.errors, parsed.values);
      outcome = await returnReport(db(), actor, campaignId, unitId, parsed.data);
      break;
    }
    case "accept": {
      const parsed = parseForm(acceptSchema, form);
      if (!parsed.ok) return refused(parsed.errors, parsed.values);
      outcome = await acceptReport(db(), actor, campaignId, unitId, parsed.data);
      break;
    }
    default:
      throw new Response(null, { status: 400 });
  }
  if (outcome.ok) return redirect(`/reports/${campaignId}/${unitId}?done=${intent}`);
  const values = submittedValues(form);
  if ("errors" in outcome) return refused(outcome.errors, values);
  return data({ kind: outcome.reason, intent, values } satisfies Result, { status: 409 });
}

const DONE: Record<string, MessageKey> = {
  save: "reports.notice.saved",
  submit: "reports.notice.submitted",
  return: "reports.notice.returned",
  accept: "reports.notice.accepted",
};

export default function ReportPage() {
  const page = useLoaderData<typeof loader>();
  const outcome = useActionData<Result>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const busy = navigation.state === "submitting";
  const done = params.get("done");
  const notice = done && DONE[done] && !outcome ? t(DONE[done]) : null;
  const writing = outcome && (outcome.intent === "save" || outcome.intent === "submit");
  const reviewing = outcome && (outcome.intent === "return" || outcome.intent === "accept");
  const formFailure = outcome?.kind === "form" ? outcome : undefined;
  const { report, state } = page;
  const withLevelAbove = state === "submitted" || state === "accepted";
  const figuresShown = withLevelAbove && page.snapshot ? page.snapshot.figures : page.figures;
  const figuresCaption =
    withLevelAbove && page.snapshot
      ? t("reports.figures.snapshot", { date: formatDateTime(new Date(page.snapshot.takenAt)) })
      : withLevelAbove
        ? t("reports.figures.noSnapshot")
        : t("reports.figures.live");
  const dueText =
    page.isOverdue && page.daysToDue < 0
      ? t("reports.overdueBy", { n: -page.daysToDue })
      : withLevelAbove
        ? null
        : page.daysToDue === 0
          ? t("reports.dueToday")
          : page.daysToDue > 0
            ? t("reports.dueIn", { n: page.daysToDue })
            : null;
  // After a conflict the form may be gone (someone sent or reviewed it): keep what was typed in view.
  const typedLost = outcome && outcome.kind !== "form" && ((writing && !page.canWrite) || (reviewing && !page.canReview));

  return (
    <>
      <PageHeader title={t("reports.pageTitle", { unit: page.unit.name })}>
        <Link to={`/reports?campaign=${page.campaign.id}`}>{t("reports.backToList")}</Link>
      </PageHeader>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {outcome && outcome.kind !== "form" ? (
        <p className="form-error" role="alert">
          {outcome.kind === "conflict"
            ? t("reports.conflict")
            : outcome.kind === "notExpected"
              ? t("reports.notExpectedRefused")
              : t("reports.stateRefused", { state: t(`reports.state.${state}` as MessageKey) })}
        </p>
      ) : null}
      {typedLost ? <ReportTypedText values={outcome.values} /> : null}

      <section className="panel report-facts" aria-label={t("reports.facts.state")}>
        <dl className="facts">
          <dt>{t("reports.facts.campaign")}</dt>
          <dd>
            <Link to={`/campaigns/${page.campaign.id}`}>{page.campaign.title}</Link>
          </dd>
          <dt>{t("reports.facts.unit")}</dt>
          <dd>
            {page.unit.name}
            {page.unit.parent_name ? <span className="muted"> · {page.unit.parent_name}</span> : null}
          </dd>
          <dt>{t("reports.facts.dueOn")}</dt>
          <dd>
            {formatDateOnly(page.dueOn)}
            {dueText ? <span className={page.isOverdue ? "report-overdue-text" : "muted"}> ({dueText})</span> : null}
          </dd>
          <dt>{t("reports.facts.state")}</dt>
          <dd>
            <ReportStateBadge state={state} />
          </dd>
          {report?.submittedAt ? (
            <>
              <dt>{t("reports.facts.submitted")}</dt>
              <dd>
                {t("reports.facts.submittedValue", { date: formatDateTime(new Date(report.submittedAt)), name: report.submittedBy ?? "—" })}{" "}
                {report.isOnTime !== null ? (
                  <span className={report.isOnTime ? "badge badge-ok" : "badge badge-warn"}>
                    {t(report.isOnTime ? "reports.timeliness.onTime" : "reports.timeliness.late")}
                  </span>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      {!page.isExpected ? (
        <p className="notice report-info" role="note">
          {t("reports.notExpected")}
        </p>
      ) : null}
      {withLevelAbove && page.isOwnUnit ? (
        <p className="notice report-info" role="note">
          {state === "accepted" ? t("reports.acceptedNotice") : t("reports.lockedNotice")}
        </p>
      ) : null}
      {(state === "returned" || state === "accepted") && report?.reviewComment ? (
        <section className={state === "returned" ? "report-comment report-comment-returned" : "report-comment"} aria-labelledby="review-comment">
          {state === "returned" && page.isOwnUnit ? <p>{t("reports.returnedNotice")}</p> : null}
          <h2 id="review-comment">{t("reports.reviewComment")}</h2>
          <blockquote className="report-text">{report.reviewComment}</blockquote>
          {report.reviewedAt ? (
            <p className="muted">{t("reports.reviewedBy", { name: report.reviewedBy ?? "—", date: formatDateTime(new Date(report.reviewedAt)) })}</p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="report-figures">
        <h2 id="report-figures">{t("reports.figures.title")}</h2>
        <ReportFiguresTable figures={figuresShown} caption={figuresCaption} />
        {page.figuresChangedSinceSubmission ? <p className="report-warn">{t("reports.figures.changed")}</p> : null}
      </section>

      <section aria-labelledby="report-narrative">
        <h2 id="report-narrative">{t("reports.narrative.title")}</h2>
        {page.canWrite ? (
          <ReportNarrativeForm
            key={`narrative-${page.version}`}
            saved={report}
            version={page.version}
            isReturned={state === "returned"}
            errors={writing ? formFailure?.errors : undefined}
            values={writing ? outcome.values : undefined}
            busy={busy}
          />
        ) : (
          <ReportNarrativeView narrative={report} />
        )}
      </section>

      {page.canReview ? (
        <section aria-labelledby="report-review" className="panel">
          <h2 id="report-review">{t("reports.review.title")}</h2>
          <ReportReviewForm
            key={`review-${page.version}`}
            version={page.version}
            errors={reviewing ? formFailure?.errors : undefined}
            values={reviewing ? outcome.values : undefined}
            busy={busy}
          />
        </section>
      ) : null}

      <section aria-labelledby="report-history">
        <h2 id="report-history">{t("reports.history.title")}</h2>
        <ReportHistory history={page.history} />
      </section>
    </>
  );
}
