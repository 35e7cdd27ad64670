import { z } from 'zod';

/** Schema id of the payload proof-upload gives the GitHub Deployments it creates. */
export const DEPLOYMENT_PAYLOAD_SCHEMA_ID = 'deploy-actions/deployment@1';

/**
 * The `payload` of a GitHub Deployment created by proof-upload: what was deployed and what each action concluded.
 * evidence-gate's `promotion-of` reads it back to promote only an image whose deploy passed its health gate.
 */
export const deploymentPayloadSchema = z.object({
  schema: z.literal(DEPLOYMENT_PAYLOAD_SCHEMA_ID),
  /** The bundle's overall outcome. */
  outcome: z.enum(['success', 'failure', 'none']),
  /** Every `<image>@sha256:<hex>` the records name. */
  images: z.array(z.string()),
  verdicts: z.array(
    z.object({
      action: z.string(),
      outcome: z.enum(['success', 'failure', 'cancelled']),
      app: z.string().optional(),
    }),
  ),
  /** The proof artifact's name, to find the evidence behind the deployment. */
  artifact: z.string(),
});

/** A deployment payload written by proof-upload. */
export type DeploymentPayload = z.infer<typeof deploymentPayloadSchema>;
