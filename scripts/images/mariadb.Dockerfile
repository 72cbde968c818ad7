ARG BASE
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server mariadb-backup \
    galera-4 socat iproute2 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /var/lib/mysql/* \
 && /usr/local/sbin/trove-seal
ENV TROVE_USER=mysql
