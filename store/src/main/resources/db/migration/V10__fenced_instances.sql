-- A former source an eject fenced: it takes no write again, and rejoins only as a replica of
-- its set's source (set_source: the replica promoted in its place).
create table fenced_instances (
    instance_id uuid primary key,
    set_source uuid not null,
    operation_id text not null,
    fenced_at timestamptz not null
);
