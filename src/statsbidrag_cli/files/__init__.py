"""Reading and writing files: strict YAML, validation errors with file:line:column, the
decision store, population and programme and usage readers, PxWeb exports, atomic writes."""
