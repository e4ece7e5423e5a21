package dev.eddy.recsys.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SyntheticDataTest {

    @Test
    void seededShapeAndPlantedStructure() {
        SyntheticData spec = new SyntheticData(500, 200, 10, 30, 4, 3.0, 0.0);
        ImplicitDataset a = spec.generate(4);
        ImplicitDataset b = spec.generate(4);
        assertThat(a.byUser().items()).containsExactly(b.byUser().items());
        assertThat(spec.generate(5).byUser().items()).isNotEqualTo(a.byUser().items());
        assertThat(a.numUsers()).isEqualTo(500);
        for (int u = 0; u < a.numUsers(); u++) assertThat(a.byUser().count(u)).isBetween(10, 30);
        // Mean 20 per user: 10,000 ± a few hundred.
        assertThat(a.numInteractions()).isBetween(9_000, 11_000);

        // Choices are not uniform: with uniform picks two users with n_u, n_v items would share n_u * n_v / 200 on
        // average; the latent factors make items unequally likely, so pairs share more. (That the structure is
        // learnable is TrainerTest's job.)
        double observed = 0;
        double chance = 0;
        for (int u = 0; u < 200; u += 2) {
            int v = u + 1;
            int[] items = a.byUser().of(u);
            int shared = 0;
            for (int i : items) if (a.byUser().contains(v, i)) shared++;
            observed += shared;
            chance += a.byUser().count(u) * (double) a.byUser().count(v) / 200;
        }
        assertThat(observed / chance).isGreaterThan(1.1);
    }

    @Test
    void standardSetHasTheIssuesShape() {
        SyntheticData s = SyntheticData.standard();
        assertThat(s.users()).isEqualTo(5000);
        assertThat(s.items()).isEqualTo(2000);
        // 10..70 per user, mean 40: about 200k interactions.
        assertThat(s.users() * (s.minPerUser() + s.maxPerUser()) / 2).isEqualTo(200_000);
    }
}
