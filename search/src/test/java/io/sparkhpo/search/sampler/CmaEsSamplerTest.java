package io.sparkhpo.search.sampler;

class CmaEsSamplerTest extends SamplerContract {

    @Override
    Sampler newSampler(long seed) {
        return new CmaEsSampler(seed);
    }
}
