import { z } from 'zod';

const Interval = z.tuple([z.number(), z.number()]).nullable();

/** docs/results.json, exactly issue 6's shape. Accuracies and GSB are shares (0-1); scores are 0-10. */
export const ReproduceResultsSchema = z
  .object({
    rrm: z
      .object({
        sftAccuracy: z.number().min(0).max(1),
        gcpoAccuracy: z.number().min(0).max(1),
        /** 95% paired-bootstrap interval of gcpoAccuracy - sftAccuracy. */
        diffCi95: Interval,
        sftMeanScore: z.number().min(0).max(10),
        gcpoMeanScore: z.number().min(0).max(10),
      })
      .strict(),
    editor: z
      .object({
        /** GSB of the editor after GRPO with the GCPO RRM as reward, against the base editor, oracle as the human. */
        gsb: z.number().min(-1).max(1),
        gsbCi95: Interval,
        oracleBase: z.number().min(0).max(10),
        oracleGrpoRrm: z.number().min(0).max(10),
        oracleGrpoHolistic: z.number().min(0).max(10),
      })
      .strict(),
  })
  .strict();

export type ReproduceResults = z.infer<typeof ReproduceResultsSchema>;
