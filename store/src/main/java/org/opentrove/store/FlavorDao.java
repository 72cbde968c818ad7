package org.opentrove.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

public interface FlavorDao {
  @SqlQuery("select * from flavors order by ram_mb, id")
  List<FlavorRow> list();

  @SqlQuery("select * from flavors where id = :id or name = :id")
  Optional<FlavorRow> find(String id);
}
