-- MariaDB from the host's Debian mariadb-server (10.11 on Debian 12); the guest runs its own server
-- per instance. MySQL is not seeded: its binaries are not packaged for this platform.
insert into datastores (id, name) values ('6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b01', 'mariadb');
insert into datastore_versions (id, datastore_id, name, version, manager) values
  ('6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b11', '6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b01', '10.11', '10.11', 'mariadb');
update datastores set default_version_id = '6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b11'
  where id = '6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b01';
