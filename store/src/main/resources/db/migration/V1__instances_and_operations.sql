-- Control-plane state: the catalogue (flavors, datastores), instances with their guest's
-- service status and faults, and the operations that changed them.

create table flavors (
  id           text primary key,
  name         text not null unique,
  ram_mb       integer not null check (ram_mb > 0),
  vcpus        integer not null check (vcpus > 0),
  disk_gb      integer not null check (disk_gb >= 0),
  ephemeral_gb integer not null default 0
);

create table datastores (
  id                 uuid primary key,
  name               text not null unique,
  default_version_id uuid
);

create table datastore_versions (
  id           uuid primary key,
  datastore_id uuid not null references datastores (id),
  name         text not null,
  version      text not null,
  manager      text not null,
  active       boolean not null default true,
  unique (datastore_id, name)
);

alter table datastores
  add constraint datastores_default_version_fk
  foreign key (default_version_id) references datastore_versions (id);

create table instances (
  id                   uuid primary key,
  project_id           text not null,
  name                 text not null,
  flavor_id            text not null references flavors (id),
  datastore_version_id uuid not null references datastore_versions (id),
  volume_size_gb       integer not null check (volume_size_gb > 0),
  task_status          text not null,
  server_status        text,
  server_id            text,
  host                 text,
  port                 integer,
  created              timestamptz not null,
  updated              timestamptz not null,
  deleted              boolean not null default false,
  deleted_at           timestamptz
);

create index instances_project_live on instances (project_id, created) where not deleted;

create table service_statuses (
  instance_id uuid primary key references instances (id),
  status      text not null,
  message     text,
  last_sent   double precision,
  updated_at  timestamptz not null
);

create table instance_faults (
  instance_id uuid primary key references instances (id),
  message     text not null,
  details     text,
  created     timestamptz not null
);

create table operations (
  id              text primary key,
  type            text not null,
  resource_type   text not null,
  resource_id     uuid not null,
  project_id      text not null,
  requester       text,
  request         jsonb not null,
  state           text not null,
  current_step    text,
  error           text,
  idempotency_key text,
  workflow_started boolean not null default false,
  created         timestamptz not null,
  updated         timestamptz not null
);

create index operations_resource on operations (resource_id, created);
create unique index operations_idempotency on operations (project_id, idempotency_key)
  where idempotency_key is not null;

-- Nova's classic flavors; the local compute driver uses ram_mb to size the datastore's memory.
insert into flavors (id, name, ram_mb, vcpus, disk_gb) values
  ('1', 'm1.tiny',    512,   1, 1),
  ('2', 'm1.small',   2048,  1, 20),
  ('3', 'm1.medium',  4096,  2, 40),
  ('4', 'm1.large',   8192,  4, 80),
  ('5', 'm1.xlarge',  16384, 8, 160);

-- PostgreSQL 15: Debian 12's postgresql-15 on hosts, or the pinned 15.x Maven binaries otherwise.
insert into datastores (id, name) values ('6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4a01', 'postgresql');
insert into datastore_versions (id, datastore_id, name, version, manager) values
  ('6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4a15', '6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4a01', '15', '15', 'postgresql');
update datastores set default_version_id = '6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4a15'
  where id = '6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4a01';
