# Applied on top of the debootstrap'ed Debian bookworm (minbase) imported as opentrove/bookworm.
ARG BASE
FROM ${BASE}
# No service starts during package installs, and Debian's postgresql-common makes no cluster.
RUN if [ -f /etc/apt/sources.list.d/debian.sources ]; then rm -f /etc/apt/sources.list; fi \
 && printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d \
 && mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf
COPY trove-init trove-seal /usr/local/sbin/
ENTRYPOINT ["/usr/local/sbin/trove-init"]
