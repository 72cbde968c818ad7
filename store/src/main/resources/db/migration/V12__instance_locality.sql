-- Trove's locality: the Nova server group policy the instance's server was placed under.
alter table instances add column locality text
    check (locality is null or locality in ('affinity', 'anti-affinity'));
