-- Trove's clusters: a named set of instances of one datastore version. The cluster's task is
-- Trove's ClusterTasks name; an operation on the cluster takes it from NONE in the transaction that
-- records the operation, and hands it back when it ends.
create table clusters (
  id                   uuid primary key,
  project_id           text not null,
  name                 text not null,
  datastore_version_id uuid not null references datastore_versions (id),
  task                 text not null,
  created              timestamptz not null,
  updated              timestamptz not null,
  deleted              boolean not null default false,
  deleted_at           timestamptz
);
create index clusters_project_live on clusters (project_id, created) where not deleted;

-- A member's cluster; the member's place in it (the order members joined) names it.
alter table instances add column cluster_id uuid references clusters (id);
create index instances_cluster on instances (cluster_id) where cluster_id is not null;
