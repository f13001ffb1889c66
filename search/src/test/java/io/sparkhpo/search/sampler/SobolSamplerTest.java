package io.sparkhpo.search.sampler;

class SobolSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return new SobolSampler(seed);
    }
}
