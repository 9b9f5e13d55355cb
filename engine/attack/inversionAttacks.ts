/** The gradient-inversion attacks an honest-but-curious server can run on a client's update. */

/**
 * `none`: no attack; `analytic`: the exact inversion of the first dense layer (Phong et al. 2017) with
 * iDLG's label inference (Zhao et al. 2020). Optimisation-based DLG (Zhu et al. 2019) is not built.
 */
export const INVERSION_ATTACKS = ['none', 'analytic'] as const;

/** One of INVERSION_ATTACKS. */
export type InversionAttack = (typeof INVERSION_ATTACKS)[number];
