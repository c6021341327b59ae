/** Each KPI carries its definition in plain words, so every number is shown with what it counts. */
export interface KpiDefinition {
  id: string;
  title: string;
  /** Unit, numerator, denominator, time attribution and exclusions. */
  definition: string;
}

export type KpiResult<B> = KpiDefinition & { buckets: B[] };
