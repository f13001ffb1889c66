package io.sparkhpo.search.sampler;

class TpeMultivariateSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return new TpeSampler(seed, TpeSampler.Options.defaults().withMultivariate(true));
    }
}
