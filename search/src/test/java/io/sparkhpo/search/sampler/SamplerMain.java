package io.sparkhpo.search.sampler;

import io.sparkhpo.search.trial.TrialHistory;

/** Prints a contract's sequence from a fresh JVM: {@code SamplerMain CONTRACT_CLASS SEED N}. */
public final class SamplerMain {
    public static void main(String[] args) throws Exception {
        SamplerContract contract = (SamplerContract) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Sampler sampler = contract.newSampler(Long.parseLong(args[1]));
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            System.out.println(sampler.sample(SamplerContract.SPACE, i, TrialHistory.empty()));
        }
    }
}
