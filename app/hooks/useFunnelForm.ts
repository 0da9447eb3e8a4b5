import { adviseFunnel, type AdvisorNote, type Funnel } from "@upstack/core";
import { useMemo, useState } from "react";
import {
  blankPostPurchase,
  formValuesOf,
  provisionalFunnel,
  type BumpState,
  type EditorState,
  type PostPurchaseState,
} from "../components/funnel-editor/editor-state";
import {
  fieldErrorsOf,
  formFieldOf,
  funnelFormSchema,
  POST_PURCHASE_ROLES,
  type FieldErrors,
  type FunnelFormPayload,
  type PostPurchaseRole,
} from "../forms/funnel-form";

type Options = {
  initial: EditorState;
  currency: string;
  /** Field errors the server answered with (422), keyed like the form's fields. */
  serverErrors: FieldErrors;
  /** Issued with the new-funnel page; sent with every save of this editor session. */
  idempotencyKey?: string;
  onSave: (payload: FunnelFormPayload) => void;
};

/**
 * The client half of the funnel editor: the merchant's working copy, checked
 * as they type with the same schema the save action uses, the funnel it
 * describes (core's funnelFromForm, as the save action builds it) for the
 * preview and the advisor, and save / discard.
 */
export function useFunnelForm({ initial, currency, serverErrors, idempotencyKey, onSave }: Options) {
  // The route remounts the editor (key) when the saved funnel changes, so the initial copy is the baseline.
  const baseline = initial;
  const [state, setState] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  // Kept for the editor's lifetime, even if the page's loader runs again.
  const [sessionKey] = useState(idempotencyKey);
  const dirty = useMemo(() => JSON.stringify(state) !== JSON.stringify(baseline), [state, baseline]);

  const payload = useMemo<FunnelFormPayload>(
    () => ({ ...formValuesOf(state), ...(sessionKey ? { idempotencyKey: sessionKey } : {}) }),
    [state, sessionKey],
  );
  const clientErrors = useMemo(() => {
    const parsed = funnelFormSchema.safeParse(payload);
    return parsed.success ? {} : fieldErrorsOf(parsed.error);
  }, [payload]);
  const funnel: Funnel = useMemo(() => provisionalFunnel(state, currency), [state, currency]);
  const notes: AdvisorNote[] = useMemo(() => {
    const roles = state.postPurchase.map((offer) => offer.role);
    return adviseFunnel(funnel).map((note) => ({ ...note, field: formFieldOf(note.field, roles) }));
  }, [funnel, state.postPurchase]);
  const errors: FieldErrors = { ...(attempted ? clientErrors : {}), ...serverErrors };

  const save = () => {
    setAttempted(true);
    if (Object.keys(clientErrors).length > 0) return;
    if (notes.some((note) => note.severity === "error")) return;
    onSave(payload);
  };
  const discard = () => {
    setState(baseline);
    setAttempted(false);
  };

  const update = (change: Partial<EditorState>) => setState((current) => ({ ...current, ...change }));
  const updateBump = (change: Partial<BumpState>) =>
    setState((current) => ({ ...current, bump: current.bump ? { ...current.bump, ...change } : current.bump }));
  const updateOffer = (index: number, change: Partial<PostPurchaseState>) =>
    setState((current) => ({
      ...current,
      postPurchase: current.postPurchase.map((offer, i) => (i === index ? { ...offer, ...change } : offer)),
    }));
  const addOffer = (role: PostPurchaseRole) =>
    setState((current) => ({
      ...current,
      postPurchase: [...current.postPurchase, blankPostPurchase(role)].sort(
        (a, b) => POST_PURCHASE_ROLES.indexOf(a.role) - POST_PURCHASE_ROLES.indexOf(b.role),
      ),
    }));
  const removeOffer = (index: number) =>
    setState((current) => ({ ...current, postPurchase: current.postPurchase.filter((_, i) => i !== index) }));

  return {
    state,
    baseline,
    dirty,
    attempted,
    errors,
    funnel,
    notes,
    save,
    discard,
    update,
    updateBump,
    updateOffer,
    addOffer,
    removeOffer,
  };
}
