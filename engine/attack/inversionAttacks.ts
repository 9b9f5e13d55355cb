/** The gradient-inversion attacks an honest-but-curious server can run on a client's update. */

/**
 * `none`: no attack; `analytic`: the exact inversion of the first dense layer (Phong et al. 2017); `dlg`:
 * Deep Leakage from Gradients (Zhu et al. 2019), an optimiser matching the update with Geiping et al.
 * 2020's cosine distance. Both infer the label as iDLG does (Zhao et al. 2020).
 */
export const INVERSION_ATTACKS = ['none', 'analytic', 'dlg'] as const;

/** One of INVERSION_ATTACKS. */
export type InversionAttack = (typeof INVERSION_ATTACKS)[number];
