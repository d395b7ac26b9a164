SELECT * FROM shipments
