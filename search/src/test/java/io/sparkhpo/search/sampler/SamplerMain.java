package io.sparkhpo.search.sampler;

import io.sparkhpo.search.trial.TrialHistory;

/**
 * Prints a contract's asks from a fresh JVM: {@code SamplerMain CONTRACT_CLASS SEED N} the first N asks without a
 * history; {@code SamplerMain CONTRACT_CLASS SEED N study} the N asks of a sequential study with tells
 * ({@link SamplerContract#run}).
 */
public final class SamplerMain {
    public static void main(String[] args) throws Exception {
        SamplerContract contract = (SamplerContract) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long seed = Long.parseLong(args[1]);
        int n = Integer.parseInt(args[2]);
        if (args.length > 3 && args[3].equals("study")) {
            contract.run(contract.newConditionalSampler(seed), n).forEach(System.out::println);
            return;
        }
        Sampler sampler = contract.newSampler(seed);
        for (int i = 0; i < n; i++) {
            System.out.println(sampler.sample(SamplerContract.SPACE, i, TrialHistory.empty()));
        }
    }
}
