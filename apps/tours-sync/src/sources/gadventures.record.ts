/** The G Adventures API as the sync reads it; fields it does not map are left out. */

export interface GPlace {
  readonly id: string;
  readonly name: string;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  readonly country?: { readonly id: string; readonly name: string } | null;
}

/** A stub of `GET /tour_dossiers` (the list). */
export interface GDossierStub {
  readonly id: string;
  readonly date_last_modified: string;
}

/** `GET /tour_dossiers/{id}`. */
export interface GDossier {
  readonly id: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly geography?: {
    readonly start_city?: GPlace | null;
    readonly finish_city?: GPlace | null;
  } | null;
  readonly images?: readonly { readonly type?: string; readonly image_href?: string }[] | null;
  readonly site_links?: readonly { readonly type?: string; readonly href?: string }[] | null;
  readonly structured_itineraries?:
    | readonly {
        readonly duration?: number;
        readonly days?: readonly {
          readonly day?: number;
          readonly start_location?: GPlace | null;
          readonly end_location?: GPlace | null;
        }[];
      }[]
    | null;
  readonly date_last_modified?: string;
}

/** `GET /tour_dossiers/{id}/departures` results. */
export interface GDeparture {
  readonly start_date: string;
  readonly finish_date?: string | null;
  readonly lowest_pp2a_prices?: readonly { readonly currency: string; readonly amount: string }[];
  readonly availability?: { readonly status?: string } | null;
}

/** A changed dossier as the sync maps it: null `dossier` when it was gone by the time we asked. */
export interface GadventuresRecord {
  readonly id: string;
  readonly modifiedAt: string;
  readonly dossier: GDossier | null;
  readonly departures: readonly GDeparture[];
}

/** Where a pull resumes: the last committed dossier's `date_last_modified` and id. */
export interface GadventuresWatermark {
  readonly modifiedAt: string;
  readonly id: string;
}
