// Shared by templates-accepts.ts and templates-refuses.ts: definitions written `as const`.
import { defineTemplates } from "wafluent/templates";

export const templates = defineTemplates({
  order_update: {
    en_US: {
      category: "UTILITY",
      parameterFormat: "positional",
      header: { type: "text", text: "Order {{1}}", params: ["1"] },
      body: { text: "Hi {{1}}, order {{2}} has shipped.", params: ["1", "2"] },
    },
    es: {
      category: "UTILITY",
      parameterFormat: "positional",
      header: { type: "text", text: "Pedido {{1}}", params: ["1"] },
      body: { text: "Hola {{1}}, el pedido {{2}} salió.", params: ["1", "2"] },
    },
  },
  order_confirmation: {
    en_US: {
      category: "UTILITY",
      parameterFormat: "named",
      header: { type: "image" },
      body: { text: "Thank you, {{first_name}}! Order {{order_number}}.", params: ["first_name", "order_number"] },
    },
  },
  welcome: {
    en_US: { category: "MARKETING", parameterFormat: "positional", body: { text: "Welcome!", params: [] } },
  },
} as const);
