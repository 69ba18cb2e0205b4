/** A warning about a planned activity, as pages receive it. */
export type ActivityWarningView =
  | { kind: "presenter" | "location"; otherId: number; otherTitle: string; otherStartsAt: Date | string; otherUnit: string }
  | { kind: "outsidePeriod"; startsOn: string; endsOn: string };
