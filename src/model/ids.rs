//! Typed indices for the entities of the model. Each is a dense index into its table in
//! [`Infrastructure`](super::Infrastructure), so lookups are O(1) and iteration in id order
//! is the deterministic order used throughout the engine and its outputs.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the owning table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// An operator (重要インフラ事業者).
    OperatorId
);
id_type!(
    /// A service an operator provides.
    ServiceId
);
id_type!(
    /// An IT system behind a service.
    SystemId
);
id_type!(
    /// A dependency edge of the graph.
    EdgeId
);
id_type!(
    /// A region (used for geographic injects such as disasters).
    RegionId
);
id_type!(
    /// An incident: everything one inject (or ad-hoc event) set off.
    IncidentId
);
