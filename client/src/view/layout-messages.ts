/** The messages between the layout runner (main thread) and the layout worker. */
import type { ForceLayoutInput, ForceLayoutResult } from './force-layout';

export interface LayoutRequest {
  readonly id: number;
  readonly input: ForceLayoutInput;
}

export type LayoutReply =
  | { readonly id: number; readonly ok: true; readonly result: ForceLayoutResult }
  | { readonly id: number; readonly ok: false; readonly message: string };
