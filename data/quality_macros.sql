-- How the quality checks normalize a value; also used by `cdm quality standardize`.
CREATE OR REPLACE TEMP MACRO q_blank(v) AS v IS NULL OR trim(v) = '';
CREATE OR REPLACE TEMP MACRO q_phone_norm(v) AS
    regexp_replace(regexp_replace(trim(v), '[\s()\-]', '', 'g'), '^\+?86(1[0-9]{10})$', '\1');
CREATE OR REPLACE TEMP MACRO q_place_key(v) AS trim(regexp_replace(lower(trim(v)), getvariable('q_suffix'), ''));
CREATE OR REPLACE TEMP MACRO q_id_digit(v) AS substr('10X98765432', 1 + (list_sum(list_transform(range(17),
    lambda j: try_cast(substr(v, j + 1, 1) AS INTEGER) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][j + 1])) % 11)::BIGINT, 1);

