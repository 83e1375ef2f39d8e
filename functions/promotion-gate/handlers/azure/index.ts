import { app } from "@azure/functions";
import { realClients } from "./clients";
import { AZURE_GATE_FUNCTION_NAME } from "./environment";
import { createHandler } from "./handler";

/*
 * The function's entry (Azure Functions Node.js v4 programming model, @azure/functions 4.16:
 * functions are registered in code, no function.json); everything else is in handler.ts, which
 * the tests drive with fake clients.
 */

const handler = createHandler({ clients: realClients });

app.eventGrid(AZURE_GATE_FUNCTION_NAME, {
  // The invocation's logger: the line lands in Application Insights with the invocation id.
  handler: async (event, context) => {
    await handler(event, (line) => context.log(line));
  },
});
