// The set-up the per-provider suites (bik, infobip, twilio, zixflow) share: one prepared message of
// every kind to a recipient, and the check that a provider refuses a feature with its own
// UnsupportedError (provider, feature and, when given, the hint).
import { isUnsupportedError, message, type Kind, type Outgoing, type UnsupportedError } from "../src/index.ts";
import { throws } from "./harness.ts";

/** One prepared message of every kind to `to`, each built anew when called; `template` names the template. */
export function samplesTo(to: string, template = "t"): Record<Kind, () => Outgoing> {
  return {
    text: () => message.text("hi").to(to),
    image: () => message.image("https://e.com/a.png").to(to),
    video: () => message.video("https://e.com/a.mp4").to(to),
    audio: () => message.audio("https://e.com/a.mp3").to(to),
    document: () => message.document("https://e.com/a.pdf").to(to),
    sticker: () => message.sticker("https://e.com/a.webp").to(to),
    location: () => message.location({ latitude: 12.9, longitude: 77.6 }).to(to),
    contacts: () => message.contacts([{ name: { formatted_name: "Ada" } }]).to(to),
    reaction: () => message.reaction("wamid.1", "👍").to(to),
    buttons: () => message.text("Pick").buttons(["A", "B"]).to(to),
    list: () =>
      message
        .text("Pick")
        .list("Open", [{ rows: ["A"] }])
        .to(to),
    link: () => message.text("Read").link("Open", "https://e.com").to(to),
    locationRequest: () => message.text("Where?").locationRequest().to(to),
    template: () => message.template(template, { language: "en" }).to(to),
    product: () => message.text("Back in stock").product({ catalogId: "367025965434465", productId: "SKU-1" }).to(to),
    productList: () =>
      message
        .text("Picks")
        .header("Summer")
        .products("367025965434465", [{ productIds: ["SKU-1", "SKU-2"] }])
        .to(to),
    catalog: () => message.text("Shop").catalog({ thumbnailProductId: "SKU-1" }).to(to),
    flow: () => message.text("Book").flow({ id: "1234", cta: "Book" }).to(to),
  };
}

/**
 * A check that `fn` throws `provider`'s UnsupportedError (code UNSUPPORTED) whose feature matches
 * `feature` and, with `hint`, whose message matches it; returns the error.
 */
export const unsupportedBy =
  (provider: string) =>
  (fn: () => unknown, feature: RegExp, hint?: RegExp): UnsupportedError =>
    throws<UnsupportedError>(
      fn,
      (e) =>
        isUnsupportedError(e) &&
        e.code === "UNSUPPORTED" &&
        e.provider === provider &&
        feature.test(e.feature) &&
        (!hint || hint.test(e.message)),
    );
