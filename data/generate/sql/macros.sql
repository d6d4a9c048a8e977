-- Seeded, order-independent randomness: every draw is a hash of (row key, purpose, seed), so a
-- build is identical whatever the thread count or scan order. rnd() is uniform in [0, 1).
CREATE OR REPLACE TEMP MACRO rnd(k, salt) AS
    (hash(k, salt, getvariable('seed')) >> 11)::DOUBLE / 9007199254740992.0;
CREATE OR REPLACE TEMP MACRO rnd2(k1, k2, salt) AS
    (hash(k1, k2, salt, getvariable('seed')) >> 11)::DOUBLE / 9007199254740992.0;
-- Standard normal draw (Box-Muller).
CREATE OR REPLACE TEMP MACRO rnorm(k, salt) AS
    sqrt(-2.0 * ln(1.0 - rnd(k, salt || ':a'))) * cos(2.0 * pi() * rnd(k, salt || ':b'));
-- Integer in 0 .. n-1.
CREATE OR REPLACE TEMP MACRO rint(k, salt, n) AS floor(rnd(k, salt) * n)::BIGINT;
CREATE OR REPLACE TEMP MACRO fill(template, product, noun, label) AS
    replace(replace(replace(template, '{product}', product), '{category}', noun), '{channel}', label);
