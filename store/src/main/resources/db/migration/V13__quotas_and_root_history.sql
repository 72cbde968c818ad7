-- Quotas as Trove's. A project's limits (no row: the configured default), and what a running
-- operation reserves beyond the rows it will change (a resize's growth, counted while the
-- operation is unfinished). Usage itself is not stored, so it cannot drift: it is the project's
-- live instances that hold quota and its live backups, counted under the project's lock in the
-- transaction that takes more.
create table quotas (
  project_id text not null,
  resource   text not null,
  hard_limit integer not null check (hard_limit >= -1),
  primary key (project_id, resource)
);

create table quota_reservations (
  operation_id text not null references operations (id),
  project_id   text not null,
  resource     text not null,
  amount       integer not null check (amount > 0),
  primary key (operation_id, resource)
);

create index quota_reservations_project on quota_reservations (project_id);

-- False once a failed create has removed everything it made: the ERROR row stays for the tenant
-- to see and delete, but holds no quota.
alter table instances add column quota_held boolean not null default true;

-- False for the backup a replica starts from: as Trove's, it is outside the backups quota.
alter table backups add column quota_held boolean not null default true;

-- Trove's root history: that root was ever enabled on an instance through the API (disabling root
-- that never was is Trove's 404).
create table root_history (
  instance_id uuid primary key references instances (id),
  enabled_at  timestamptz not null
);
